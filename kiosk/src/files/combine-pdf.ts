// Combines the photographed pages of one document into one PDF, one page per photo at the
// photo's own size. pdf-lib is loaded here only, when a person combines pages.

/** A PDF of the JPEG pages given, in order. */
export async function combineIntoPdf(pages: readonly Blob[]): Promise<Blob> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const page of pages) {
    const image = await pdf.embedJpg(new Uint8Array(await page.arrayBuffer()));
    pdf.addPage([image.width, image.height]).drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
  }
  // No producer, creator or dates: the file says nothing of the terminal that made it.
  const bytes = await pdf.save();
  return new Blob([new Uint8Array(bytes)], { type: 'application/pdf' });
}
