import { describe, expect, it } from 'vitest';
import { engagementSettingsFromEnv } from '../../../functions/engagement/domain/settings.js';
import { defineRoute } from '../../../shared/http/contract.js';
import * as z from '../../../shared/zod.js';

describe('SURVEY_LINK_BASE_URL', () => {
  it('defaults to the local cloud’s public survey route', () => {
    expect(engagementSettingsFromEnv({}).surveyLinkBaseUrl).toBe('http://localhost:3000/v1/public/surveys');
  });

  it('takes an absolute http(s) URL and drops trailing slashes', () => {
    expect(
      engagementSettingsFromEnv({ SURVEY_LINK_BASE_URL: 'https://portal.example.com/s/' }).surveyLinkBaseUrl,
    ).toBe('https://portal.example.com/s');
  });

  it.each([
    'portal.example.com/s',
    'ftp://portal.example.com/s',
    'https://portal.example.com/s?x=1',
    'https://portal.example.com/s#top',
    'https://user:secret@portal.example.com/s',
    'https://',
  ])('refuses %s, naming the setting and not the value', (value) => {
    expect(() => engagementSettingsFromEnv({ SURVEY_LINK_BASE_URL: value })).toThrow(/^SURVEY_LINK_BASE_URL/);
    try {
      engagementSettingsFromEnv({ SURVEY_LINK_BASE_URL: value });
    } catch (error) {
      expect(String(error)).not.toContain(value);
    }
  });
});

describe('public routes with a body', () => {
  const params = z.strictObject({ token: z.string() });
  const body = z.strictObject({ csat: z.number() });
  const responses = { 200: { description: 'ok' } };

  it('are allowed under /v1/public/, where the path carries what authorises them', () => {
    expect(() =>
      defineRoute({
        method: 'POST',
        path: '/v1/public/things/{token}',
        summary: 's',
        action: null,
        params,
        body,
        responses,
      }),
    ).not.toThrow();
  });

  it('are refused anywhere else, and no public route reads headers', () => {
    expect(() =>
      defineRoute({
        method: 'POST',
        path: '/v1/things/{token}',
        summary: 's',
        action: null,
        params,
        body,
        responses,
      }),
    ).toThrow(/only a public route under \/v1\/public\//);
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/v1/public/things/{token}',
        summary: 's',
        action: null,
        params,
        headers: { 'idempotency-key': 'optional' },
        responses,
      }),
    ).toThrow(/takes no headers/);
  });
});
