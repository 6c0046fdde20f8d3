// The camera scanner of a campaign: the browser's BarcodeDetector (where it exists) reading QR
// codes (and Code 128 barcodes) from the rear camera. Without it, the typed number always works.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';

interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorCtor {
  new (options?: { formats?: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

function detectorCtor(): BarcodeDetectorCtor | null {
  if (typeof window === 'undefined') return null;
  return (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null;
}

/** Whether this browser can scan with the camera (BarcodeDetector, a camera API, a secure page). */
export function cameraScanAvailable(): boolean {
  return Boolean(detectorCtor() && typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function' && window.isSecureContext);
}

interface Props {
  /** Called with each code read (the same code is not repeated within a few seconds). */
  onRead: (text: string) => void;
  onClose: () => void;
}

const REPEAT_MS = 3000;

export function CameraScanner({ onRead, onClose }: Props) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState('');
  const [ready, setReady] = useState(false);
  const latest = useRef(onRead);
  latest.current = onRead;

  useEffect(() => {
    const Ctor = detectorCtor();
    if (!Ctor) return;
    let stopped = false;
    let timer = 0;
    let stream: MediaStream | null = null;
    let last = { text: '', at: 0 };

    async function start() {
      try {
        const supported = (await Ctor!.getSupportedFormats?.()) ?? ['qr_code'];
        const formats = ['qr_code', 'code_128'].filter((f) => supported.includes(f));
        if (!formats.includes('qr_code')) throw new Error('qr');
        const detector = new Ctor!({ formats });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) return;
        const v = video.current;
        if (!v) return;
        v.srcObject = stream;
        await v.play();
        setReady(true);
        const tick = async () => {
          if (stopped) return;
          try {
            const codes = await detector.detect(v);
            const text = codes.find((c) => c.rawValue)?.rawValue;
            const now = Date.now();
            if (text && (text !== last.text || now - last.at > REPEAT_MS)) {
              last = { text, at: now };
              navigator.vibrate?.(80);
              latest.current(text);
            }
          } catch {
            /* a frame that could not be read */
          }
          timer = window.setTimeout(() => void tick(), 250);
        };
        void tick();
      } catch {
        if (!stopped) setError(t('assets.scan.camera_error'));
      }
    }
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [t]);

  return (
    <div className="as-camera">
      {error ? (
        <div className="alert alert--error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <video ref={video} className="as-camera-video" muted playsInline aria-label={t('assets.scan.camera_view')} />
      {!ready && !error ? <p className="muted">{t('assets.scan.camera_starting')}</p> : null}
      <button type="button" className="button button--secondary as-big-button" onClick={onClose}>
        {t('assets.scan.camera_stop')}
      </button>
    </div>
  );
}
