import { app } from './app';

export { Meter } from './meter/meter';
export default app;
