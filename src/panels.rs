//! The panels a page shows: all of them in the full view; in a blog's
//! iframe, the stage and the hop list unless the author chose others with
//! `show=` (the lesson and the comparison come along when the link has them).

/// The embed's own lines over its panels (the masthead and the status line).
pub const EMBED_CHROME_HEIGHT: u32 = 90;

/// One panel of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The stage: the diagram, the packet's transport and its current hop.
    Diagram,
    /// Every hop of the followed packet, its verdict and its reply.
    Packet,
    Controls,
    /// The address plan: the capacity figures and the address maps.
    Plan,
    Anatomy,
    /// The second model, and the differences.
    Compare,
    Lesson,
    Export,
}

impl Panel {
    /// Every panel, in the order the page shows them.
    pub const ALL: [Panel; 8] = [
        Self::Diagram,
        Self::Packet,
        Self::Controls,
        Self::Plan,
        Self::Anatomy,
        Self::Compare,
        Self::Lesson,
        Self::Export,
    ];

    /// What the panel is, for the author choosing them.
    pub fn label(self) -> &'static str {
        match self {
            Self::Diagram => "the diagram and the packet",
            Self::Packet => "the hop list",
            Self::Controls => "the controls",
            Self::Plan => "the address plan",
            Self::Anatomy => "the Service anatomy",
            Self::Compare => "the comparison",
            Self::Lesson => "the lesson",
            Self::Export => "the export",
        }
    }

    /// About how tall the panel is in a 700 px blog column, in CSS pixels:
    /// what the snippet asks the host page for, before the widget says.
    pub fn embed_height(self) -> u32 {
        match self {
            Self::Diagram => 820,
            Self::Packet => 560,
            Self::Controls => 1_100,
            Self::Plan => 900,
            Self::Anatomy => 1_300,
            Self::Compare => 260,
            Self::Lesson => 360,
            Self::Export => 120,
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels(u8);

impl Panels {
    pub const ALL: Panels = Panels(u8::MAX);
    pub const NONE: Panels = Panels(0);

    /// What an embed shows unless told otherwise: the stage and the hop list.
    pub const EMBEDDED: Panels = Panels(Panel::Diagram.bit() | Panel::Packet.bit());

    pub fn contains(self, panel: Panel) -> bool {
        self.0 & panel.bit() != 0
    }

    pub fn with(self, panel: Panel) -> Panels {
        Panels(self.0 | panel.bit())
    }

    /// The set with `panel` added, or taken out if it is in.
    pub fn toggled(self, panel: Panel) -> Panels {
        Panels(self.0 ^ panel.bit())
    }

    /// The panels in the set, in the page's order.
    pub fn iter(self) -> impl Iterator<Item = Panel> {
        Panel::ALL
            .into_iter()
            .filter(move |panel| self.contains(*panel))
    }

    /// What an embed of a link shows by default: the stage and the hop
    /// list, and the lesson or the comparison when the link has one.
    pub fn embedded(lesson: bool, compare: bool) -> Panels {
        let mut panels = Self::EMBEDDED;
        if lesson {
            panels = panels.with(Panel::Lesson);
        }
        if compare {
            panels = panels.with(Panel::Compare);
        }
        panels
    }
}

impl FromIterator<Panel> for Panels {
    fn from_iter<I: IntoIterator<Item = Panel>>(panels: I) -> Self {
        panels.into_iter().fold(Panels::NONE, Panels::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_what_is_put_in_it() {
        let set: Panels = [Panel::Plan, Panel::Diagram].into_iter().collect();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Panel::Diagram, Panel::Plan]
        );
        assert!(set.toggled(Panel::Plan).iter().eq([Panel::Diagram]));
        assert!(Panel::ALL.iter().all(|panel| Panels::ALL.contains(*panel)));
        assert!(Panels::embedded(true, false).contains(Panel::Lesson));
        assert!(!Panels::embedded(false, false).contains(Panel::Compare));
    }
}
