import { expect } from 'chai';
import { loadConfig } from '../../src/config';

describe('configuration', () => {
  it('starts on the defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 3000, host: '127.0.0.1', timeZone: 'Europe/Paris' });
  });

  it('refuses an ADMIN_PASSWORD outside the password policy, without printing it', () => {
    let message = '';
    try {
      loadConfig({ ADMIN_PASSWORD: 'azerty123' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/ADMIN_PASSWORD: must follow the password policy/);
    expect(message).not.to.contain('azerty123');
    expect(loadConfig({ ADMIN_PASSWORD: 'Longue-phrase-2026' }).adminPassword).to.equal('Longue-phrase-2026');
  });

  it('names every bad setting at once', () => {
    expect(() => loadConfig({ PORT: 'abc', LOAD_DEMO: 'peut-être' })).to.throw(/PORT="abc"[\s\S]*LOAD_DEMO="peut-être"/);
  });
});
