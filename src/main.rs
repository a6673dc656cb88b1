//! Entry point of the browser build: mounts the widget on the page's body.

fn main() {
    yew::Renderer::<aks_network_lab::App>::new().render();
}
