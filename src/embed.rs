//! Embed mode (`?embed=1`): the widget in a blog's iframe tells the host page
//! that it is ready, how tall it is whenever that changes, and the scenario
//! whenever it changes, so the host can size the iframe and keep a link.
//! Messages are objects with a `type` of `aks-network-lab:ready`,
//! `aks-network-lab:height` (with `height` in CSS pixels) or
//! `aks-network-lab:state` (with `query`, the link's query string). They
//! carry nothing private, so they go to any host origin.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ResizeObserver, Window};

/// The host page's window, if the widget is in a frame.
fn host() -> Option<Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Sends `aks-network-lab:{kind}` with the given fields to the host page.
pub fn tell_host(kind: &str, fields: &[(&str, JsValue)]) {
    let Some(host) = host() else { return };
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
    };
    set(
        "type",
        &JsValue::from_str(&format!("aks-network-lab:{kind}")),
    );
    for (key, value) in fields {
        set(key, value);
    }
    let _ = host.post_message(&message, "*");
}

/// The page's height in CSS pixels.
fn page_height() -> f64 {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .map_or(0.0, |root| f64::from(root.scroll_height()))
}

/// Tells the host the page is ready, then its height at every resize, until
/// the returned watcher is dropped.
pub struct HeightWatcher {
    observer: ResizeObserver,
    // Kept alive for as long as the observer may call it.
    _callback: Closure<dyn FnMut()>,
}

impl HeightWatcher {
    pub fn start() -> Option<Self> {
        host()?;
        tell_host("ready", &[("height", JsValue::from_f64(page_height()))]);
        let callback = Closure::<dyn FnMut()>::new(|| {
            tell_host("height", &[("height", JsValue::from_f64(page_height()))]);
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let body = web_sys::window()?.document()?.body()?;
        observer.observe(&body);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for HeightWatcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
