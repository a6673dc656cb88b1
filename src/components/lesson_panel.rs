use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::lessons::grade;
use crate::state::Action;
use crate::view_model::lesson::{LessonView, QuestionView};

/// The lesson on screen: where in it the class is, the step's text, its
/// question, and the way back and forth. A plain function: its question is
/// the component that holds the learner's guess.
pub fn lesson_panel(lesson: &LessonView, revealed: bool, on_action: &Callback<Action>) -> Html {
    let go = |to: Option<usize>| {
        let name = lesson.name.to_string();
        let to = to.unwrap_or(lesson.index);
        on_action.reform(move |_: MouseEvent| Action::GoToLessonStep(name.clone(), to))
    };
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-testid="lesson">
            <p class="lesson__where">{ lesson.position.clone() }</p>
            <h2 class="lesson__title" id="lesson-title">{ lesson.title }</h2>
            <p>{ lesson.text }</p>
            if let Some(question) = &lesson.question {
                <Prediction key={question.key.clone()} question={question.clone()} {revealed}
                    on_reveal={on_action.reform(|_| Action::Reveal)} />
            }
            <div class="lesson__nav">
                <button type="button" disabled={lesson.previous.is_none()} onclick={go(lesson.previous)}>{ "◀ Previous step" }</button>
                <button type="button" disabled={lesson.next.is_none()} onclick={go(lesson.next)}>{ "Next step ▶" }</button>
                <button type="button" onclick={on_action.reform(|_| Action::EndLesson)}>{ "End the lesson" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PredictionProps {
    /// The question, and the model's answer for the plan on screen.
    question: QuestionView,
    revealed: bool,
    on_reveal: Callback<()>,
}

/// Predict, then reveal: the learner's guess (Enter or the button submits
/// it), then the model's answer for the plan on screen, whether the guess
/// submitted was right, and why the answer is what it is. The answer is
/// written into a status region that is always there, so that screen
/// readers announce it.
#[component]
fn Prediction(props: &PredictionProps) -> Html {
    let guess = use_state(String::new);
    let submitted = use_state(String::new);
    let on_input = {
        let guess = guess.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            guess.set(input.value());
        })
    };
    let on_submit = {
        let (guess, submitted, on_reveal) =
            (guess.clone(), submitted.clone(), props.on_reveal.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            submitted.set((*guess).clone());
            on_reveal.emit(());
        })
    };
    let question = &props.question;
    html! {
        <form class="lesson__question" onsubmit={on_submit}>
            <label for="prediction">{ question.prompt }</label>
            <div class="lesson__answer-row">
                <input id="prediction" type="text" autocomplete="off" spellcheck="false"
                    placeholder="Your prediction" value={(*guess).clone()} oninput={on_input} />
                <button type="submit">{ "Reveal" }</button>
            </div>
            <div role="status">
                if props.revealed {
                    { reveal(question, &submitted) }
                } else {
                    <p class="lesson__hint">{ "What would answer it is hidden until you reveal." }</p>
                }
            </div>
        </form>
    }
}

/// The answer, graded against the guess, and explained.
fn reveal(question: &QuestionView, guess: &str) -> Html {
    let answer = &question.answer;
    let (class, text) = if guess.trim().is_empty() {
        ("verdict--delivered", format!("The model says {answer}."))
    } else if grade(answer, guess) {
        ("verdict--delivered", format!("Right: {answer}."))
    } else {
        (
            "verdict--refused",
            format!("Not quite: the model says {answer}."),
        )
    };
    html! {
        <>
            <p class={classes!("verdict", class)} data-testid="lesson-answer">{ text }</p>
            <p class="lesson__why" data-testid="lesson-why">{ question.explanation.clone() }</p>
            <p class="lesson__pointer">{ "It is framed in the diagram." }</p>
        </>
    }
}
