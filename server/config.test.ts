import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('gives every default on an empty environment', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: undefined,
      adminToken: undefined,
      alertAfterMinutes: 15,
      submissionLimits: { perTerminal: 150, perAddress: 600 },
      clamav: undefined,
      smtp: undefined,
      publicUrl: 'http://localhost:8080',
      publicUrlSet: false,
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.sealingDir).toBe(`${config.dataDir}/sealing-keys`);
    expect(config.relay.enabled).toBe(true);
  });

  it('names every wrong variable at once, in plain words', () => {
    let error: unknown;
    try {
      readConfig({ PORT: 'http', GUICHET_ADMIN_TOKEN: 'short', GUICHET_HANDOFF_HOURS: '48', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a whole number between 0 and 65535, not "http"/);
    expect(problems).toMatch(/GUICHET_ADMIN_TOKEN must be at least 32 characters/);
    expect(problems).toMatch(/GUICHET_HANDOFF_HOURS must be a positive number of hours up to 24, not "48"/);
    expect(problems).toMatch(/DATABASE_URL must be a PostgreSQL connection string/);
  });

  it('builds the SMTP settings only with a host and a sender, and port 465 means TLS', () => {
    expect(readConfig({ GUICHET_SMTP_HOST: 'smtp.example.fr' }).smtp).toBeUndefined();
    expect(readConfig({ GUICHET_SMTP_HOST: 'smtp.example.fr', GUICHET_SMTP_FROM: 'mairie@example.fr', GUICHET_SMTP_PORT: '465' }).smtp).toEqual({
      host: 'smtp.example.fr',
      port: 465,
      secure: true,
      requireTLS: false,
      from: 'mairie@example.fr',
    });
  });

  it('takes the SMS gateway as smpp://user:password@host:port, and names anything else', () => {
    expect(readConfig({}).smsUrl).toBeUndefined();
    expect(readConfig({ GUICHET_SMS_URL: ' smpp://guichet:s3cret@sms.example:2775 ' }).smsUrl).toBe('smpp://guichet:s3cret@sms.example:2775');
    expect(() => readConfig({ GUICHET_SMS_URL: 'https://sms.example' })).toThrow(/GUICHET_SMS_URL must be the SMPP gateway/);
  });

  it('takes a metrics token of 32 characters or more, and none by default', () => {
    expect(readConfig({}).metricsToken).toBeUndefined();
    const token = 'm'.repeat(32);
    expect(readConfig({ GUICHET_METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
    expect(() => readConfig({ GUICHET_METRICS_TOKEN: 'short' })).toThrow(/GUICHET_METRICS_TOKEN must be at least 32 characters/);
  });

  it('trims values and keeps the public address without its trailing slash', () => {
    const config = readConfig({ GUICHET_PUBLIC_URL: ' https://guichet.example.fr/ ', DATABASE_URL: ' postgres://g:s@db/guichet ' });
    expect(config.publicUrl).toBe('https://guichet.example.fr');
    expect(config.databaseUrl).toBe('postgres://g:s@db/guichet');
  });
});
