//! Marks the moment the widget first rendered, so that the benchmark can read
//! the time from navigation to first render with `performance.getEntriesByName`.

/// The name of the `performance.mark` set once after the first render.
pub const FIRST_RENDER_MARK: &str = "aks-lab:first-render";

/// Sets the first-render mark. Does nothing where the Performance API is
/// missing: a missing mark must never break the widget in a reader's page.
pub fn mark() {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        // An error only means the browser refused the mark; the widget is unaffected.
        let _ = performance.mark(FIRST_RENDER_MARK);
    }
}
