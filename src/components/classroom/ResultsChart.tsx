import { optionLetter } from '../../core/classroom/live-question';
import { percentOf, type Tally } from '../../core/classroom/votes';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

interface Props {
  tally: Tally;
  /** Options to mark: the key after a reveal, or the class's choice after a vote. */
  marked?: readonly string[];
  markLabel?: string;
  text: Translate;
}

/**
 * A bar chart of a room's answers that reads as a list: each option's letter, text, count and share are text, the
 * bars only draw them. Widths are set through the DOM (React's style), which the page's script policy allows.
 */
export default function ResultsChart({ tally, marked = [], markLabel, text }: Props) {
  return (
    <figure className="live-chart">
      <figcaption className="live-chart__caption">{text('classroom.chartCaption', { total: tally.total })}</figcaption>
      <ul className="live-chart__list">
        {tally.options.map((option, i) => {
          const percent = percentOf(option.count, tally.total);
          const isMarked = marked.includes(option.id);
          return (
            <li key={option.id} className={`live-chart__row${isMarked ? ' live-chart__row--marked' : ''}`} data-option={option.id}>
              <span className="live-chart__label">
                <span className="live-chart__letter">{optionLetter(i)}.</span> {option.label}
                {isMarked && markLabel && <strong className="live-chart__mark"> ✓ {markLabel}</strong>}
              </span>
              <span className="live-chart__track" aria-hidden="true">
                <span className="live-chart__bar" style={{ width: `${percent}%` }} />
              </span>
              <span className="live-chart__value">{text('classroom.chartValue', { count: option.count, percent })}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
