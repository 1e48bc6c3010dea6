import { useEffect, useRef } from 'react';
import type { Grade, QuizResponse } from '../../core/quiz/grading';
import type { ChoiceQuestion, MatchingQuestion, OrderingQuestion, Question, TrueFalseQuestion } from '../../core/quiz/schemas/quiz';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

interface QuestionProps<Q extends Question> {
  question: Q;
  /** Display order of the options, items or right-column entries. */
  order: string[];
  response: QuizResponse | null;
  /** The grade once submitted: the inputs lock and every part shows its mark and feedback. */
  grade: Grade | undefined;
  disabled: boolean;
  onAnswer: (response: QuizResponse) => void;
  /** Tells screen readers about a change they cannot see, such as an item moved in a list. */
  announce: (message: string) => void;
  text: Translate;
}

/** Renders a question's inputs (radios, checkboxes, an ordered list with move buttons, or selects), and its marks after submitting. */
export default function QuizQuestion(props: QuestionProps<Question>) {
  const { question } = props;
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return <ChoiceInputs {...props} question={question} />;
    case 'true-false':
      return <TrueFalseInputs {...props} question={question} />;
    case 'ordering':
      return <OrderingInputs {...props} question={question} />;
    case 'matching':
      return <MatchingInputs {...props} question={question} />;
  }
}

function selectedOf(response: QuizResponse | null): string[] {
  return response?.kind === 'choice' ? response.selected : [];
}

function Legend({ question, text }: { question: Question; text: Translate }) {
  return (
    <legend className="quiz-question__prompt">
      <span className="quiz-question__type">{text(`quiz.type.${question.type}` as UiKey)}</span>
      {question.prompt}
    </legend>
  );
}

function Mark({ ok, children }: { ok: boolean; children: string }) {
  return (
    <span className={`quiz-mark quiz-mark--${ok ? 'ok' : 'no'}`}>
      <span aria-hidden="true">{ok ? '✓' : '✗'} </span>
      {children}
    </span>
  );
}

function ChoiceInputs({ question, order, response, grade, disabled, onAnswer, text }: QuestionProps<ChoiceQuestion>) {
  const selected = selectedOf(response);
  const multiple = question.type === 'multiple';
  const byId = new Map(question.options.map((option) => [option.id, option]));
  const toggle = (id: string) =>
    onAnswer({
      kind: 'choice',
      selected: multiple ? (selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]) : [id],
    });
  return (
    <fieldset className="quiz-question" disabled={disabled || grade !== undefined}>
      <Legend question={question} text={text} />
      <ul className="quiz-options">
        {order.map((id) => {
          const option = byId.get(id)!;
          const picked = selected.includes(id);
          const showFeedback = grade !== undefined && (picked || option.correct);
          return (
            <li key={id} className="quiz-option" data-state={grade ? (option.correct ? 'correct' : picked ? 'wrong' : 'plain') : undefined}>
              <label className="quiz-option__label">
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`${question.id}-choice`}
                  value={id}
                  checked={picked}
                  onChange={() => toggle(id)}
                />
                <span>{option.text}</span>
              </label>
              {showFeedback && (
                <div className="quiz-option__feedback">
                  <Mark ok={picked === option.correct}>
                    {text(option.correct ? (picked ? 'quiz.optionRight' : 'quiz.optionMissed') : 'quiz.optionPickedWrong')}
                  </Mark>
                  <p>{option.feedback}</p>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function TrueFalseInputs({ question, order, response, grade, disabled, onAnswer, text }: QuestionProps<TrueFalseQuestion>) {
  const selected = selectedOf(response);
  const answer = String(question.answer);
  return (
    <fieldset className="quiz-question" disabled={disabled || grade !== undefined}>
      <Legend question={question} text={text} />
      <ul className="quiz-options quiz-options--inline">
        {order.map((id) => {
          const picked = selected.includes(id);
          return (
            <li key={id} className="quiz-option" data-state={grade ? (id === answer ? 'correct' : picked ? 'wrong' : 'plain') : undefined}>
              <label className="quiz-option__label">
                <input
                  type="radio"
                  name={`${question.id}-choice`}
                  value={id}
                  checked={picked}
                  onChange={() => onAnswer({ kind: 'choice', selected: [id] })}
                />
                <span>{text(id === 'true' ? 'quiz.true' : 'quiz.false')}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {grade && selected[0] && (
        <div className="quiz-option__feedback">
          <Mark ok={grade.correct}>{text(grade.correct ? 'quiz.correct' : 'quiz.wrong')}</Mark>
          <p>{question.feedback[selected[0] === 'true' ? 'true' : 'false']}</p>
        </div>
      )}
    </fieldset>
  );
}

type Move = { id: string; direction: 'up' | 'down' };

function OrderingInputs({ question, response, grade, disabled, onAnswer, announce, text }: QuestionProps<OrderingQuestion>) {
  const order = response?.kind === 'ordering' ? response.order : question.items.map((item) => item.id);
  const byId = new Map(question.items.map((item) => [item.id, item]));
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const lastMove = useRef<Move>(undefined);

  // Keeps focus on the item just moved: on the button pressed, or on the other one when it reached an end of the list.
  useEffect(() => {
    const moved = lastMove.current;
    if (!moved) return;
    lastMove.current = undefined;
    const index = order.indexOf(moved.id);
    const atEnd = moved.direction === 'up' ? index === 0 : index === order.length - 1;
    const direction = atEnd ? (moved.direction === 'up' ? 'down' : 'up') : moved.direction;
    buttons.current.get(`${moved.id}:${direction}`)?.focus();
  });

  const move = (id: string, direction: Move['direction']) => {
    const from = order.indexOf(id);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    lastMove.current = { id, direction };
    onAnswer({ kind: 'ordering', order: next });
    announce(text('quiz.moved', { item: byId.get(id)!.text, n: to + 1 }));
  };
  const correctPosition = new Map(question.items.map((item, i) => [item.id, i + 1]));

  return (
    <fieldset className="quiz-question" disabled={disabled || grade !== undefined}>
      <Legend question={question} text={text} />
      <p className="quiz-question__hint meta">{text('quiz.orderingHint')}</p>
      <ol className="quiz-order">
        {order.map((id, index) => {
          const item = byId.get(id)!;
          return (
            <li key={id} className="quiz-order__item" data-state={grade ? (grade.marks[id] ? 'correct' : 'wrong') : undefined}>
              <span className="quiz-order__text">{item.text}</span>
              {!grade && (
                <span className="quiz-order__buttons">
                  <button
                    type="button"
                    className="quiz-small-button"
                    aria-label={text('quiz.moveUpLabel', { item: item.text })}
                    disabled={index === 0}
                    ref={(element) => void (element ? buttons.current.set(`${id}:up`, element) : buttons.current.delete(`${id}:up`))}
                    onClick={() => move(id, 'up')}
                  >
                    <span aria-hidden="true">↑ </span>
                    {text('quiz.moveUp')}
                  </button>
                  <button
                    type="button"
                    className="quiz-small-button"
                    aria-label={text('quiz.moveDownLabel', { item: item.text })}
                    disabled={index === order.length - 1}
                    ref={(element) => void (element ? buttons.current.set(`${id}:down`, element) : buttons.current.delete(`${id}:down`))}
                    onClick={() => move(id, 'down')}
                  >
                    <span aria-hidden="true">↓ </span>
                    {text('quiz.moveDown')}
                  </button>
                </span>
              )}
              {grade && (
                <div className="quiz-option__feedback">
                  <Mark ok={grade.marks[id] === true}>
                    {grade.marks[id] ? text('quiz.itemInPlace') : text('quiz.itemMisplaced', { n: correctPosition.get(id)! })}
                  </Mark>
                  {!grade.marks[id] && <p>{item.feedback}</p>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

function MatchingInputs({ question, order, response, grade, disabled, onAnswer, text }: QuestionProps<MatchingQuestion>) {
  const pairs = response?.kind === 'matching' ? response.pairs : {};
  const rightText = new Map(question.right.map((item) => [item.id, item.text]));
  return (
    <fieldset className="quiz-question" disabled={disabled || grade !== undefined}>
      <Legend question={question} text={text} />
      <p className="quiz-question__hint meta">{text('quiz.matchingHint')}</p>
      <ul className="quiz-match">
        {question.left.map((item) => {
          const selectId = `${question.id}-${item.id}`;
          return (
            <li key={item.id} className="quiz-match__row" data-state={grade ? (grade.marks[item.id] ? 'correct' : 'wrong') : undefined}>
              <label htmlFor={selectId} className="quiz-match__premise">
                {item.text}
              </label>
              <select
                id={selectId}
                value={pairs[item.id] ?? ''}
                onChange={(event) => onAnswer({ kind: 'matching', pairs: { ...pairs, [item.id]: event.target.value } })}
              >
                <option value="">{text('quiz.choose')}</option>
                {order.map((id) => (
                  <option key={id} value={id}>
                    {rightText.get(id)}
                  </option>
                ))}
              </select>
              {grade && (
                <div className="quiz-option__feedback">
                  <Mark ok={grade.marks[item.id] === true}>
                    {grade.marks[item.id] ? text('quiz.pairRight') : text('quiz.pairWrong', { answer: rightText.get(item.match ?? '') ?? '' })}
                  </Mark>
                  {!grade.marks[item.id] && <p>{item.feedback}</p>}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
