// Prometheus metrics for ingestion and decisions (served at GET /metrics).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Outcome } from '../core/engine/engine.ts';
import type { EngineEvent } from '../core/events.ts';

export class Metrics {
  readonly registry = new Registry();
  readonly events = new Counter({ name: 'chainbreak_events_total', help: 'Events ingested, by type and result', labelNames: ['type', 'result'], registers: [this.registry] });
  readonly actions = new Counter({ name: 'chainbreak_actions_total', help: 'Interventions decided, by action type and mode', labelNames: ['action', 'mode'], registers: [this.registry] });
  readonly stages = new Counter({ name: 'chainbreak_stages_reached_total', help: 'Conversations reaching a kill-chain stage', labelNames: ['stage'], registers: [this.registry] });
  readonly batchSeconds = new Histogram({
    name: 'chainbreak_ingest_batch_seconds',
    help: 'Time to decide and store one ingestion batch',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly detectorErrors = new Counter({ name: 'chainbreak_detector_errors_total', help: 'Detector failures (the event is still decided)', labelNames: ['detector'], registers: [this.registry] });
  readonly webhooks = new Counter({ name: 'chainbreak_webhook_deliveries_total', help: 'Webhook delivery attempts by result', labelNames: ['result'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordIngest(processed: { event: EngineEvent; outcome: Outcome }[], duplicates: number, seconds: number): void {
    for (const { event, outcome } of processed) {
      this.events.inc({ type: event.type, result: 'accepted' });
      for (const action of outcome.decision.actions) this.actions.inc({ action: action.type, mode: 'enforce' });
      for (const action of outcome.decision.shadow_actions) this.actions.inc({ action: action.type, mode: 'shadow' });
      for (const stage of outcome.decision.stages.new) this.stages.inc({ stage: stage.stage });
      for (const failure of outcome.detectorErrors) this.detectorErrors.inc({ detector: failure.detector });
    }
    if (duplicates) this.events.inc({ type: 'any', result: 'duplicate' }, duplicates);
    this.batchSeconds.observe(seconds);
  }
}
