export { loadDemoOnFirstStart, readDemoFixtures, DEMO_DIR, type DemoLoadResult } from './demo-loader';
