//! Component tests: the widget mounted in a real browser (wasm-bindgen-test in
//! headless Chromium). Native `cargo test` compiles this file to nothing.
#![cfg(target_arch = "wasm32")]

use aks_network_lab::App;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the widget on a fresh element and waits until yew has rendered it.
async fn mount_app() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a browser document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("the div is attached");
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn the_frame_has_a_title_and_three_labelled_regions() {
    let root = mount_app().await;

    let title = root.query_selector("h1").expect("a valid selector");
    assert_eq!(
        title.and_then(|heading| heading.text_content()).as_deref(),
        Some("AKS Network Lab")
    );
    let regions = root
        .query_selector_all("section[aria-labelledby]")
        .expect("a valid selector");
    assert_eq!(regions.length(), 3);
}

#[wasm_bindgen_test]
async fn the_default_cluster_is_drawn_with_its_figures() {
    let root = mount_app().await;
    let count = |selector: &str| {
        root.query_selector_all(selector)
            .expect("a valid selector")
            .length()
    };
    // The CLI's default (Overlay, 3 nodes, 3 replicas; aks-facts §1.7).
    assert_eq!(count("[data-testid=node]"), 3);
    assert_eq!(count("[data-testid=pod]"), 3);
    let usable = root
        .query_selector("[data-testid=subnet-usable]")
        .expect("a valid selector")
        .and_then(|figure| figure.text_content());
    // aks-facts §3.1: a /16 node subnet has 65,531 usable addresses.
    assert_eq!(usable.as_deref(), Some("65531"));
}
