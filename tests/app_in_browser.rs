//! Component tests: the widget mounted in a real browser (wasm-bindgen-test in
//! headless Chromium). Native `cargo test` compiles this file to nothing.
#![cfg(target_arch = "wasm32")]

use aks_network_lab::App;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the widget on a fresh element and waits until yew has rendered it,
/// the panels below the first screen too.
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
    // The panels below the first screen follow its first paint, and the app
    // then carries `data-settled`.
    for _ in 0..200 {
        if root
            .query_selector("[data-settled]")
            .ok()
            .flatten()
            .is_some()
        {
            return root;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("the panels below the first screen were never drawn");
}

#[wasm_bindgen_test]
async fn the_frame_has_a_title_and_seven_labelled_regions() {
    let root = mount_app().await;

    let title = root.query_selector("h1").expect("a valid selector");
    assert_eq!(
        title.and_then(|heading| heading.text_content()).as_deref(),
        Some("AKS Network Lab")
    );
    // The stage, then hop by hop, compare, scenario, Service anatomy,
    // address plan and export: each a landmark a screen reader lists by its
    // heading.
    let regions = root
        .query_selector_all("section[aria-labelledby]")
        .expect("a valid selector");
    assert_eq!(regions.length(), 7);
    let first = regions
        .item(0)
        .and_then(|stage| stage.text_content())
        .unwrap_or_default();
    assert!(first.starts_with("Cluster network"), "{first}");
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

/// Clicking a source and then a destination in the diagram follows that
/// packet: the hop list and the packet on the drawing appear.
#[wasm_bindgen_test]
async fn two_clicks_in_the_diagram_follow_a_packet() {
    let root = mount_app().await;
    // SVG elements have no click(): dispatch a bubbling click, as a pointer would.
    let click = |selector: &str| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init)
            .expect("a click event");
        root.query_selector(selector)
            .expect("a valid selector")
            .expect("the element is drawn")
            .dispatch_event(&event)
            .expect("the click is delivered");
    };
    let first_source = || {
        root.query_selector("[data-testid=hop]")
            .expect("a valid selector")
            .and_then(|hop| hop.get_attribute("data-src"))
    };
    // On first load the plan's first flow plays: from a pod.
    assert_eq!(first_source().as_deref(), Some("10.244.0.2:40000"));
    click("[data-pick=internet]");
    yew::scheduler::flush().await;
    click("[data-pick=lb0]");
    yew::scheduler::flush().await;
    let hops = root
        .query_selector_all("[data-testid=hop]")
        .expect("a valid selector");
    assert!(hops.length() >= 4, "{} hops", hops.length());
    // aks-facts §5.0: the internet client's address and port.
    assert_eq!(first_source().as_deref(), Some("203.0.113.50:51000"));
    assert!(root
        .query_selector("[data-testid=packet]")
        .expect("a valid selector")
        .is_some());
}

/// Adding a user pool from the controls draws it as a group of its own,
/// with its nodes, and the Deployment's pods move to it (the system pool
/// keeps the system pods, which the lab does not draw).
#[wasm_bindgen_test]
async fn an_added_user_pool_is_drawn_as_a_group_with_the_pods() {
    use wasm_bindgen::JsCast;
    let root = mount_app().await;
    let add = root
        .query_selector(".node-pools__add")
        .expect("a valid selector")
        .expect("the Add a user pool button")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("a button");
    add.click();
    yew::scheduler::flush().await;
    let names: Vec<String> = {
        let groups = root
            .query_selector_all("[data-testid=pool]")
            .expect("a valid selector");
        (0..groups.length())
            .filter_map(|index| groups.item(index))
            .filter_map(|group| group.dyn_into::<web_sys::Element>().ok())
            .filter_map(|group| group.get_attribute("data-name"))
            .collect()
    };
    assert_eq!(names, ["nodepool1", "userpool1"]);
    let count = |selector: &str| {
        root.query_selector_all(selector)
            .expect("a valid selector")
            .length()
    };
    // 3 system nodes and the new pool's 3 (az aks nodepool add's default count).
    assert_eq!(count("[data-testid=node]"), 6);
    assert_eq!(
        count("[data-testid=pool][data-name=userpool1] [data-testid=pod]"),
        3
    );
    assert_eq!(
        count("[data-testid=pool][data-name=nodepool1] [data-testid=pod]"),
        0
    );
}
