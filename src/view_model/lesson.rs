//! The lesson on screen: where the class is in it, the step's words, and its
//! question with the answer the model gives for the plan on screen.

use aks_model::Plan;

use crate::lessons::{Giveaway, Lesson, Pointer, Solution};

/// A step's question, and the model's answer to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionView {
    pub prompt: &'static str,
    pub answer: String,
    /// Why the answer is what it is, with the plan's figures.
    pub explanation: String,
    /// What on screen shows the answer, concealed until it is revealed.
    pub giveaway: Giveaway,
    /// Where the answer is in the diagram, marked once revealed.
    pub pointer: Pointer,
    /// Changes with the step, so that a new question starts unanswered.
    pub key: String,
}

/// The lesson's step, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonView {
    pub name: &'static str,
    /// The step, from 0.
    pub index: usize,
    pub position: String,
    pub title: &'static str,
    pub text: &'static str,
    pub question: Option<QuestionView>,
    /// The step before and after this one, if any (from 0).
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

impl LessonView {
    /// Step `index` of `lesson`, its question answered on `plan`.
    pub fn of(lesson: &'static Lesson, index: usize, plan: &Plan) -> Option<Self> {
        let step = lesson.steps.get(index)?;
        Some(Self {
            name: lesson.name,
            index,
            position: format!(
                "Lesson: {} · step {} of {}",
                lesson.title,
                index + 1,
                lesson.steps.len()
            ),
            title: step.title,
            text: step.text,
            question: step.ask.map(|(prompt, question)| {
                let Solution {
                    answer,
                    explanation,
                    pointer,
                } = question.solve(plan);
                QuestionView {
                    prompt,
                    answer,
                    explanation,
                    giveaway: question.giveaway(),
                    pointer,
                    key: format!("{}-{index}", lesson.name),
                }
            }),
            previous: index.checked_sub(1),
            next: (index + 1 < lesson.steps.len()).then_some(index + 1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::lesson_named;
    use aks_model::{ClusterSpec, NetworkPlugin};

    /// The answer is the model's for the plan on screen (aks-facts §3.2:
    /// 3 kubenet nodes and a surge node need 4 node-subnet addresses).
    #[test]
    fn a_step_shows_its_place_and_the_models_answer() {
        let lesson = lesson_named("kubenet").expect("a lesson");
        let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid");
        let view = LessonView::of(lesson, 0, &plan).expect("a step");
        assert_eq!(
            view.position,
            "Lesson: kubenet: pods outside the VNet · step 1 of 3"
        );
        assert_eq!(view.question.map(|q| q.answer).as_deref(), Some("4"));
        assert_eq!((view.previous, view.next), (None, Some(1)));
        assert_eq!(LessonView::of(lesson, 2, &plan).and_then(|v| v.next), None);
        assert_eq!(LessonView::of(lesson, 3, &plan), None);
    }
}
