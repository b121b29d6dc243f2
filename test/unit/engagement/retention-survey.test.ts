import { describe, expect, it } from 'vitest';
import { surveyForRetention } from '../../../functions/engagement/service/surveys.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { surveyFixture } from '../../support/survey-fakes.js';

const requested = (requestId: string) => ({ requestId, customerId: 'cus-1', branch: 'BJ01' });

describe("a retention case's survey", () => {
  it('asks the contact path once for the survey of a request, with the neutral invitation', async () => {
    // Arrange
    const { deps, contacts } = surveyFixture();
    const requestId = 'retention-survey-ret_01KDVDNA00EEEEEEEEEEEEEEEE';

    // Act
    const first = await surveyForRetention(deps, requested(requestId));
    const again = await surveyForRetention(deps, requested(requestId));

    // Assess
    expect([first, again]).toEqual(['sent', 'already']);
    expect(contacts.requests).toEqual([
      expect.objectContaining({
        requestId: `survey-retention-${requestId}`,
        customerId: 'cus-1',
        purpose: 'survey',
        templateId: 'survey-relationship',
        requestedBy: 'crm.engagement',
      }),
    ]);
  });

  it('refuses a request id too long to name a survey as unprocessable, asking nothing', async () => {
    // Arrange
    const { deps, contacts } = surveyFixture();

    // Act
    const attempt = surveyForRetention(deps, requested(`r${'x'.repeat(120)}`));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnprocessableEventError);
    expect(contacts.requests).toEqual([]);
  });
});
