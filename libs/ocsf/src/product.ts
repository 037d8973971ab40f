import type { OcsfOptions, OcsfProduct } from './ocsf-record.types';

export const PRODUCT_NAME = 'MCP Ledger';

export function productOf(options: OcsfOptions): OcsfProduct {
  return { name: PRODUCT_NAME, vendor_name: options.vendorName ?? PRODUCT_NAME, version: options.productVersion };
}
