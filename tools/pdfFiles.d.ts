/** The text of a PDF as poppler's pdftotext extracts it (reading order, no layout). */
export declare function pdfText(file: string): Promise<string>;
export declare function pdfPageCount(file: string): Promise<number>;
/** Renders a page at 150 dpi (as a scanner sees the paper) and decodes the QR code on it. */
export declare function pdfQrCode(file: string, pageNumber?: number): Promise<string | undefined>;
