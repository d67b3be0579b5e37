import type { TDocumentDefinitions } from 'pdfmake/interfaces';
export declare const printFonts: {
    normal: string;
    bold: string;
};
export declare function renderPdfInNode(doc: TDocumentDefinitions): Promise<Buffer>;
