import { expect } from 'chai';
import { redactedUrl } from '../../src/web/middleware';

describe('request logs', () => {
  it('never carry the CSRF token nor a password from the URL', () => {
    expect(redactedUrl('/recouvrement/imports?_csrf=abc123&x=1')).to.equal('/recouvrement/imports?_csrf=[redacted]&x=1');
    expect(redactedUrl('/login?password=secret&current=old&next=%2Fdossiers')).to.equal('/login?password=[redacted]&current=[redacted]&next=%2Fdossiers');
    expect(redactedUrl('/a?%5Fcsrf=abc')).to.equal('/a?%5Fcsrf=[redacted]');
    expect(redactedUrl('/a?%E0=1')).to.equal('/a?%E0=1');
    expect(redactedUrl('/dossiers/1')).to.equal('/dossiers/1');
  });
});
