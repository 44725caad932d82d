export { loadDemoOnFirstStart, seedReferenceLists, readDemoFixtures, DEMO_DIR, type DemoLoadResult } from './demo-loader';
