import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { creditorReference, epcPayload, isValidBic, isValidCreditorReference, isValidIban, signLink, verifyLink } from '../../../src/debtor-portal/debtor-portal.rules';

const IBAN = 'FR7630006000011234567890189';

describe('debtor page: the EPC QR code and the signed link', () => {
  it('the QR code rendered as PNG decodes to a valid EPC069-12 payload carrying the dossier reference', async () => {
    const reference = creditorReference('DOS1042');
    const payload = epcPayload({ bic: 'agrifrpp', name: 'Atlas Équipements', iban: 'FR76 3000 6000 0112 3456 7890 189', amount: 193379, reference });
    const png = PNG.sync.read(await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 }));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded, 'a QR code is found').to.not.equal(null);
    expect(decoded!.data).to.equal(payload);
    const lines = decoded!.data.split('\n');
    expect(lines).to.deep.equal(['BCD', '002', '1', 'SCT', 'AGRIFRPP', 'Atlas Équipements', IBAN, 'EUR1933.79', '', reference]);
    expect(isValidIban(lines[6])).to.equal(true);
    expect(isValidBic(lines[4])).to.equal(true);
    expect(isValidCreditorReference(lines[9])).to.equal(true);
    expect(lines[9]).to.match(/^RF\d{2}DOS1042$/);
    // EPC069-12: at most 331 bytes.
    expect(Buffer.byteLength(payload, 'utf8')).to.be.at.most(331);
  });

  it('checks IBANs, BICs and ISO 11649 references by their check digits', () => {
    expect(isValidIban(IBAN)).to.equal(true);
    expect(isValidIban('FR7630006000011234567890188')).to.equal(false);
    expect(isValidBic('AGRIFRPPXXX')).to.equal(true);
    expect(isValidBic('AGRI')).to.equal(false);
    expect(creditorReference('539007547034')).to.equal('RF18539007547034');
    expect(isValidCreditorReference('RF18539007547034')).to.equal(true);
    expect(isValidCreditorReference('RF19539007547034')).to.equal(false);
  });

  it('leaves the amount out when nothing is owed', () => {
    expect(epcPayload({ bic: null, name: 'X', iban: IBAN, amount: 0, reference: 'RF18539007547034' }).split('\n')[7]).to.equal('');
  });

  it('a link verifies with its secret until its expiry day included; a changed id, date or signature is refused', () => {
    const token = signLink('secret-0123456789abcdef', 42, '2026-12-31');
    expect(verifyLink('secret-0123456789abcdef', token, '2026-12-31')).to.deep.equal({ ok: true, linkId: 42, expiresOn: '2026-12-31' });
    expect(verifyLink('secret-0123456789abcdef', token, '2027-01-01')).to.deep.equal({ ok: false, reason: 'expired' });
    expect(verifyLink('another-secret-0123456789', token, '2026-12-01')).to.deep.equal({ ok: false, reason: 'signature' });
    expect(verifyLink('secret-0123456789abcdef', token.replace(/^42\./, '43.'), '2026-12-01')).to.deep.equal({ ok: false, reason: 'signature' });
    expect(verifyLink('secret-0123456789abcdef', token.replace('20261231', '20271231'), '2026-12-01')).to.deep.equal({ ok: false, reason: 'signature' });
    expect(verifyLink('secret-0123456789abcdef', '../etc/passwd', '2026-12-01')).to.deep.equal({ ok: false, reason: 'malformed' });
  });
});
