import type { PlayDebrief, PlayRoute } from '../../core/classroom/class-play';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

function Route({ route, heading, text, diverged }: { route: PlayRoute; heading: string; text: Translate; diverged: number | null }) {
  return (
    <section className="play-debrief__route">
      <h3>{heading}</h3>
      <ol>
        {route.steps.map((step, i) => (
          <li key={`${step.node}-${i}`} data-diverged={diverged !== null && i >= diverged ? 'true' : undefined}>
            <span className="play-debrief__line">{step.line}</span>
            <span className="play-debrief__reply">{step.reply}</span>
          </li>
        ))}
      </ol>
      {route.ending && (
        <p className="play-debrief__ending">
          {text('classroom.routeEnding', { title: route.ending.title, rating: text(`classroom.rating.${route.ending.rating}` as UiKey) })} ·{' '}
          {text('classroom.routeScore', { score: route.score })}
        </p>
      )}
    </section>
  );
}

/** The debrief of the class's role-play: its route beside the best one, shown on the facilitator's screen and every phone. */
export default function PlayDebriefView({ debrief, text }: { debrief: PlayDebrief; text: Translate }) {
  return (
    <section className="play-debrief" aria-labelledby="play-debrief-heading">
      <h2 id="play-debrief-heading">{text('classroom.debrief')}</h2>
      <p className="play-debrief__title">{debrief.scenarioTitle}</p>
      {debrief.classRoute.ending && (
        <blockquote className="play-debrief__narration">
          <p>{debrief.classRoute.ending.narration}</p>
          <p>{debrief.classRoute.ending.debrief}</p>
        </blockquote>
      )}
      <p>{debrief.divergedAt === null ? text('classroom.sameRoute') : text('classroom.divergedAt', { n: debrief.divergedAt + 1 })}</p>
      <div className="play-debrief__routes">
        <Route route={debrief.classRoute} heading={text('classroom.classRoute')} text={text} diverged={debrief.divergedAt} />
        <Route route={debrief.bestRoute} heading={text('classroom.bestRoute')} text={text} diverged={debrief.divergedAt} />
      </div>
    </section>
  );
}
