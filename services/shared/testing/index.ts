export * from './fake-recommendations';
export * from './grpc-clients';
export * from './logs';
export * from './metrics';
export * from './once';
export * from './process';
