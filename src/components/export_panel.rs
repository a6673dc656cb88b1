use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Blob, BlobPropertyBag, CssStyleSheet, Document, HtmlAnchorElement, Url, XmlSerializer,
};
use yew::prelude::*;

use crate::export::iframe_snippet;
use crate::shared::Shared;
use crate::state::Action;
use crate::view_model::{ExportView, SnippetView};

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    pub export: Shared<ExportView>,
    /// The iframe snippet: its panels, link and height.
    pub snippet: SnippetView,
    /// Why the exported cluster would fail, if it would.
    pub warning: Option<String>,
    pub on_action: Callback<Action>,
}

/// The scenario to take away: the `az` commands, the manifest and the
/// iframe snippet with the panels it shows (each with a copy button), the
/// diagram as an SVG file, and a note on printing.
#[component]
pub fn ExportPanel(props: &ExportPanelProps) -> Html {
    let texts = &props.export;
    let snippet = iframe_snippet(&page_address(), &props.snippet.query, props.snippet.height);
    let copied = use_state(|| None::<&'static str>);
    let copy = |what: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                // The promise needs no answer: the button says it was asked.
                let _ = window.navigator().clipboard().write_text(&text);
            }
            copied.set(Some(what));
        })
    };
    let label = |what: &'static str, idle: &'static str| {
        if *copied == Some(what) {
            "Copied"
        } else {
            idle
        }
    };
    html! {
        <details class="export">
            <summary>{ "Export: az commands, manifest, embed snippet, diagram" }</summary>
            if let Some(warning) = &props.warning {
                <p class="export__warning" role="note" data-testid="export-warning">{ warning.clone() }</p>
            }
            <h3>{ "Create this cluster" }</h3>
            <button type="button" onclick={copy("az", texts.az.clone())}>{ label("az", "Copy the az commands") }</button>
            <pre class="export__text" data-testid="az-commands"><code>{ texts.az.clone() }</code></pre>
            <h3>{ "The Deployment and the Service" }</h3>
            <button type="button" onclick={copy("manifest", texts.manifest.clone())}>{ label("manifest", "Copy the manifest") }</button>
            <pre class="export__text" data-testid="manifest"><code>{ texts.manifest.clone() }</code></pre>
            <h3>{ "Embed this scenario in a post" }</h3>
            <fieldset class="export__panels">
                <legend>{ "The embed shows" }</legend>
                { for props.snippet.panels.iter().map(|&(panel, shown)| html! {
                    <label class="export__panel">
                        <input type="checkbox" checked={shown}
                            onchange={props.on_action.reform(move |_| Action::ToggleSnippetPanel(panel))} />
                        { panel.label() }
                    </label>
                }) }
            </fieldset>
            <button type="button" onclick={copy("snippet", snippet.clone())}>{ label("snippet", "Copy the iframe snippet") }</button>
            <pre class="export__text" data-testid="snippet"><code>{ snippet }</code></pre>
            <h3>{ "The diagram" }</h3>
            <button type="button" onclick={Callback::from(|_: MouseEvent| { download_diagram(); })}>{ "Download the diagram (SVG)" }</button>
            <p class="export__note">{ "Printing the page prints the diagram, the anatomy and the address plan, without the controls." }</p>
        </details>
    }
}

/// This page's address without its query: where an iframe finds the widget.
fn page_address() -> String {
    web_sys::window()
        .map(|window| window.location())
        .and_then(|location| Some(location.origin().ok()? + &location.pathname().ok()?))
        .unwrap_or_default()
}

/// Saves the diagram as a standalone SVG file, with the page's styles
/// inside it so that it looks the same (`:root` is the SVG element there).
fn download_diagram() -> Option<()> {
    let document = web_sys::window()?.document()?;
    let diagram = document.query_selector(".diagram").ok()??;
    let markup = XmlSerializer::new()
        .ok()?
        .serialize_to_string(&diagram)
        .ok()?;
    let styled = markup.replacen('>', &format!("><style>{}</style>", page_css(&document)), 1);
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = js_sys::Array::of1(&JsValue::from_str(&styled));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    let link: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download("aks-network-lab.svg");
    link.click();
    Url::revoke_object_url(&url).ok()
}

/// Every rule of the page's own style sheets, as text.
fn page_css(document: &Document) -> String {
    let sheets = document.style_sheets();
    let mut css = String::new();
    for index in 0..sheets.length() {
        let Some(rules) = sheets
            .item(index)
            .and_then(|sheet| sheet.dyn_into::<CssStyleSheet>().ok())
            .and_then(|sheet| sheet.css_rules().ok())
        else {
            continue;
        };
        for rule in (0..rules.length()).filter_map(|i| rules.item(i)) {
            css.push_str(&rule.css_text());
            css.push('\n');
        }
    }
    css
}
