// The triage questions, one at a time, then the guidance. Focus moves to each new question so keyboard
// and screen-reader users follow along; answers are never sent anywhere.
import { useEffect, useRef, useState } from 'react';
import { QUESTIONS, adviceFor, answer, nextQuestion, previous, type Answer, type Answers } from '../lib/triage.ts';
import type { T } from './HelpApp.tsx';

const CHOICES: Answer[] = ['yes', 'no', 'unsure'];

export function Triage({ t }: { t: T }) {
  const [answers, setAnswers] = useState<Answers>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const question = nextQuestion(answers);
  const touched = Object.keys(answers).length > 0;
  useEffect(() => {
    if (touched) headingRef.current?.focus();
  }, [answers, touched]);

  return (
    <section aria-labelledby="triage-title" className="card triage">
      {question ? (
        <fieldset>
          <legend>
            <h2 id="triage-title" ref={headingRef} tabIndex={-1}>
              <span className="muted">{t('question_n', { n: QUESTIONS.filter((q) => answers[q]).length + 1 })}: </span>
              {t(`q_${question}`)}
            </h2>
          </legend>
          <div className="choices">
            {CHOICES.map((choice) => (
              <button key={choice} type="button" className="choice" data-answer={choice} onClick={() => setAnswers(answer(answers, question, choice))}>
                {t(choice)}
              </button>
            ))}
          </div>
          {touched && (
            <button type="button" className="link" onClick={() => setAnswers(previous(answers))}>
              {t('back')}
            </button>
          )}
        </fieldset>
      ) : (
        <div>
          <h2 id="triage-title" ref={headingRef} tabIndex={-1}>
            {t('your_steps')}
          </h2>
          <ol className="advice" aria-live="polite">
            {adviceFor(answers).map((id) => (
              <li key={id} data-advice={id}>
                {t(id)}
              </li>
            ))}
          </ol>
          <button type="button" className="link" onClick={() => setAnswers({})}>
            {t('restart')}
          </button>
        </div>
      )}
    </section>
  );
}
