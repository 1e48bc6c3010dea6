import { Component, type ReactNode } from 'react';

interface Props {
  /** What the learner reads instead of the island if it fails: what happened and what to do. */
  message: string;
  className?: string;
  children: ReactNode;
}

/** Replaces an island that throws with a plain-words alert, so a failure never leaves a blank or broken box. */
export class IslandErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? (
      <p role="alert" className={this.props.className}>
        {this.props.message}
      </p>
    ) : (
      this.props.children
    );
  }
}
