use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::lessons::grade;
use crate::state::Action;
use crate::view_model::lesson::LessonView;

/// The lesson on screen: where in it the class is, the step's text, its
/// question, and the way back and forth. A plain function: its question is
/// the component that holds the learner's guess.
pub fn lesson_panel(lesson: &LessonView, on_action: &Callback<Action>) -> Html {
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
                <Prediction key={question.key.clone()} prompt={question.prompt} answer={question.answer.clone()} />
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
    prompt: &'static str,
    /// The model's answer for the plan on screen.
    answer: String,
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
                { reveal_line(&props.answer, &guess) }
            }
        </div>
    }
}

fn reveal_line(answer: &str, guess: &str) -> Html {
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
    html! { <p class={classes!("verdict", class)} role="status" data-testid="lesson-answer">{ text }</p> }
}
