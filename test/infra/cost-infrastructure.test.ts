import { describe, expect, it } from 'vitest';
import { IDLE_RECEIVES_PER_QUEUE_MONTH, infrastructure } from '../../bench/cost/infrastructure.js';
import { talliesCapability } from '../fixtures/tallies/index.js';

// The cost model's fixed monthly items (bench/cost/infrastructure.ts) are read from the app CDK
// synthesises for prod: keys, secrets, alarm metrics, dashboards, and the empty receives of
// every queue an event source mapping polls.
describe('the fixed monthly items of a deployment', () => {
  it('counts the keys, secrets, dashboards and alarm metrics of the whole app', () => {
    // Act
    const { fixedPerMonth, counts } = infrastructure();

    // Assess
    expect(fixedPerMonth['kms.keyMonths|customer managed keys']).toBe(counts['AWS::KMS::Key']);
    expect(fixedPerMonth['secretsmanager.secretMonths|secrets']).toBe(counts['AWS::SecretsManager::Secret']);
    expect(fixedPerMonth['cloudwatch.dashboardMonths|dashboards']).toBe(counts['AWS::CloudWatch::Dashboard']);
    const alarmMetrics = Object.entries(fixedPerMonth)
      .filter(([key]) => key.startsWith('cloudwatch.alarmMetricMonths|'))
      .reduce((sum, [, value]) => sum + (value ?? 0), 0);
    // Metric math alarms read several metrics each, every one billed.
    expect(alarmMetrics).toBeGreaterThan(counts['AWS::CloudWatch::Alarm'] ?? 0);
  });

  it('prices the idle polling of a coalesced work’s FIFO queue as FIFO requests', () => {
    // Act
    const { fixedPerMonth } = infrastructure([talliesCapability]);

    // Assess
    const idle = Object.entries(fixedPerMonth).filter(([key]) => key.includes('idle receives'));
    expect(idle).toHaveLength(1);
    expect(idle[0]?.[0]).toMatch(/^sqs\.fifoRequests\|/);
    expect(idle[0]?.[1]).toBe(IDLE_RECEIVES_PER_QUEUE_MONTH);
  });
});
