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
 * The frame the preview shows now, at the camera's full resolution; a shutter pressed before the
 * first frame arrived waits for it.
 */
export async function takeFrame(video: HTMLVideoElement): Promise<ImageBitmap> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA)
    await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  return createImageBitmap(video);
}
