import { Input } from 'antd';
import type { ComponentProps } from 'react';

/** A PIN field: digits only, numeric keyboard on tablets, never autofilled. */
export function PinInput(props: ComponentProps<typeof Input.Password>) {
  return <Input.Password inputMode="numeric" autoComplete="off" maxLength={8} {...props} />;
}
