use aks_model::Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::lessons::Question;
use crate::shared::Shared;
use crate::state::{Action, Lab};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lab: Shared<Lab>,
    pub on_action: Callback<Action>,
}

/// The lesson on screen: where in it the class is, the step's text, its
/// question, and the way back and forth.
#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let Some((lesson, index)) = props.lab.lesson else {
        return Html::default();
    };
    let step = &lesson.steps[index];
    let go = |to: usize| {
        let name = lesson.name.to_string();
        props
            .on_action
            .reform(move |_: MouseEvent| Action::GoToLessonStep(name.clone(), to))
    };
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-testid="lesson">
            <p class="lesson__where">{ format!("Lesson: {} · step {} of {}", lesson.title, index + 1, lesson.steps.len()) }</p>
            <h2 class="lesson__title" id="lesson-title">{ step.title }</h2>
            <p>{ step.text }</p>
            if let Some((prompt, question)) = step.ask {
                <Prediction key={format!("{}-{index}", lesson.name)} {prompt} {question} plan={props.lab.plan.clone()} />
            }
            <div class="lesson__nav">
                <button type="button" disabled={index == 0} onclick={go(index.saturating_sub(1))}>{ "◀ Previous step" }</button>
                <button type="button" disabled={index + 1 >= lesson.steps.len()} onclick={go(index + 1)}>{ "Next step ▶" }</button>
                <button type="button" onclick={props.on_action.reform(|_| Action::EndLesson)}>{ "End the lesson" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PredictionProps {
    prompt: &'static str,
    question: Question,
    plan: Shared<Plan>,
}

/// Predict, then reveal: the learner's guess, then the model's answer for
/// the plan on screen, and whether the guess was right.
#[component]
fn Prediction(props: &PredictionProps) -> Html {
    let guess = use_state(String::new);
    let revealed = use_state(|| false);
    let on_input = {
        let guess = guess.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            guess.set(input.value());
        })
    };
    let reveal = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| revealed.set(true))
    };
    html! {
        <div class="lesson__question">
            <label for="prediction">{ props.prompt }</label>
            <div class="lesson__answer-row">
                <input id="prediction" type="text" autocomplete="off" spellcheck="false"
                    placeholder="Your prediction" value={(*guess).clone()} oninput={on_input} />
                <button type="button" onclick={reveal}>{ "Reveal" }</button>
            </div>
            if *revealed {
                { reveal_line(props.question, &props.plan, &guess) }
            }
        </div>
    }
}

fn reveal_line(question: Question, plan: &Plan, guess: &str) -> Html {
    let answer = question.answer(plan);
    let (class, text) = if guess.trim().is_empty() {
        ("verdict--delivered", format!("The model says {answer}."))
    } else if question.grade(plan, guess) {
        ("verdict--delivered", format!("Right: {answer}."))
    } else {
        (
            "verdict--refused",
            format!("Not quite: the model says {answer}."),
        )
    };
    html! { <p class={classes!("verdict", class)} role="status" data-testid="lesson-answer">{ text }</p> }
}
