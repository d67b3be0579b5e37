import { Alert, Button, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';

/** A webcam preview that captures one JPEG. The camera stops as soon as the component goes. */
export function Camera({ onCapture }: { onCapture(bytes: Uint8Array, mimeType: string): void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string>();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let stopped = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: 640, height: 480 }, audio: false })
      .then((s) => {
        if (stopped) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch((error: unknown) => setFailure(t('checkin.cameraUnavailable', { message: describeError(error, t) })));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [t]);

  function capture() {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob(
      (blob) => {
        if (blob) void blob.arrayBuffer().then((buffer) => onCapture(new Uint8Array(buffer), 'image/jpeg'));
      },
      'image/jpeg',
      0.85,
    );
  }

  if (failure) return <Alert type="warning" showIcon title={failure} />;
  return (
    <Space orientation="vertical">
      <video
        ref={video}
        muted
        playsInline
        onPlaying={() => setReady(true)}
        style={{ width: 320, height: 240, background: '#000', borderRadius: 6 }}
      />
      <Button onClick={capture} disabled={!ready} data-testid="capture-photo">
        {t('checkin.photo')}
      </Button>
    </Space>
  );
}
