//! A bare yew app: a status line and a counter. `scripts/bench.sh` builds it
//! with the widget's release profile and trunk settings, and times its first
//! render and bytes beside the widget's (issue 16's yardstick).

use yew::prelude::*;

/// The same mark the widget sets after its first render (src/first_render.rs).
const FIRST_RENDER_MARK: &str = "aks-lab:first-render";

#[component]
fn App() -> Html {
    let count = use_state(|| 0u32);
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.mark(FIRST_RENDER_MARK);
        }
    });
    let add = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <main>
            <p role="status">{ format!("Counted {}.", *count) }</p>
            <button type="button" onclick={add}>{ "Count" }</button>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
