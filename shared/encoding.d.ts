/**
 * TextEncoder and TextDecoder are WHATWG Encoding globals present in every runtime shared/ runs
 * in (Node ≥ 11, Chromium, Electron). The ES lib does not declare them and shared/ must not pull
 * in the DOM lib, so these minimal declarations are all shared/ may use of them.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
