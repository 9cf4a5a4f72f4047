import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(shared, {
  test: { globalSetup: ['../../tools/testing/mariadb-setup.ts'] },
});
