export * from './versions';
export * from './paths';
export * from './provision';
export * from './stack';
export * from './stack-state';
export { devMain } from './main';
export * from './ports';
