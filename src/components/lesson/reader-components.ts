import Callout from './Callout.astro';
import Discussion from './Discussion.astro';
import Figure from './Figure.astro';
import KeyPoints from './KeyPoints.astro';
import OmittedForReaders from './OmittedForReaders.astro';
import Quiz from '../quiz/Quiz.astro';
import ImprovementCycleDiagram from '../figures/ImprovementCycleDiagram.astro';
import PrinciplesDiagram from '../figures/PrinciplesDiagram.astro';
import RelationshipDimensionsDiagram from '../figures/RelationshipDimensionsDiagram.astro';
import ServiceChainDiagram from '../figures/ServiceChainDiagram.astro';
import RolePlay from '../roleplay/RolePlay.astro';

/** The MDX components a self-study reader's lesson page renders lessons with. */
export const readerComponents = {
  Callout,
  Discussion,
  Figure,
  KeyPoints,
  FacilitatorNote: OmittedForReaders,
  ImprovementCycleDiagram,
  PrinciplesDiagram,
  Quiz,
  RelationshipDimensionsDiagram,
  RolePlay,
  ServiceChainDiagram,
};
