// Spanish names of the entry channels of an incident, in the order reports list them.
import type { Channel } from '../incidents/tables.ts';

export const CHANNEL_LABELS: Record<Channel, string> = {
  '911': '9-1-1',
  '089': '089 Denuncia anónima',
  panic_button: 'Botón de pánico',
  app: 'Aplicación',
  radio: 'Radio',
  camera: 'Cámara',
  social_media: 'Redes sociales',
  other: 'Otro',
};
