/**
 * "Remember token": the token is kept across launches only when the user asked for it,
 * and only encrypted by the OS keychain (Electron's safeStorage behind `cipher`). Linux
 * without a keyring ("basic_text") does not count as encrypted.
 */
export interface TokenCipher {
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

export interface TokenSlot {
  read(): string | null;
  write(value: string | null): void;
}

export class TokenVault {
  constructor(
    private readonly cipher: TokenCipher,
    private readonly slot: TokenSlot,
  ) {}

  available(): Promise<boolean> {
    return this.cipher.available();
  }

  async save(token: string): Promise<boolean> {
    if (!(await this.cipher.available())) return false;
    const encrypted = await this.cipher.encrypt(token);
    this.slot.write(encrypted.toString('base64'));
    return true;
  }

  /** The remembered token, or null (nothing saved, keychain unavailable, or undecryptable). */
  async load(): Promise<string | null> {
    const stored = this.slot.read();
    if (stored === null || !(await this.cipher.available())) return null;
    try {
      const token = await this.cipher.decrypt(Buffer.from(stored, 'base64'));
      return token.length > 0 ? token : null;
    } catch {
      this.slot.write(null);
      return null;
    }
  }

  forget(): void {
    this.slot.write(null);
  }
}
