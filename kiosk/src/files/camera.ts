// The terminal's camera: opening it, naming why it would not open in words a person can act
// on, taking a frame, and closing it so its light goes off when the screen is left.

/** Why the camera did not open: none on this terminal, permission refused, or already in use. */
export type CameraFailure = 'none' | 'refused' | 'busy';

export type CameraOpening = { ok: true; stream: MediaStream } | { ok: false; failure: CameraFailure };

/** What `getUserMedia`'s error names mean for the person at the terminal. */
export function failureOf(error: unknown): CameraFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'refused';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'none';
}

/** Opens the camera that faces away from the person when there is one (a document camera, a tablet's back). */
export async function openCamera(): Promise<CameraOpening> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, failure: 'none' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    });
    return { ok: true, stream };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

export function closeCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * The frame the camera gives now, at its full resolution; a shutter pressed before the first
 * frame arrived waits for it. Taken from the camera's track where the browser can (Chromium's
 * ImageCapture's `grabFrame`, which TypeScript's DOM types leave out): a frame read back from the `<video>` fails or comes out black when the page is
 * drawn without a GPU, as on a kiosk's small PC or a headless test browser.
 */
export async function takeFrame(video: HTMLVideoElement): Promise<ImageBitmap> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA)
    await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  const track = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
  if (track && typeof ImageCapture !== 'undefined') {
    try {
      return await (new ImageCapture(track) as ImageCapture & { grabFrame(): Promise<ImageBitmap> }).grabFrame();
    } catch {
      // Some cameras refuse; the preview's frame is the way left.
    }
  }
  return createImageBitmap(video);
}
