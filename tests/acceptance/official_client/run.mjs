// Drives Shopify's official Admin API client against a sandbox store and prints what it saw.
// Usage: node run.mjs <sandbox base URL> <shop domain> <admin token>
import { createAdminApiClient } from "@shopify/admin-api-client";

const [base, shop, token] = process.argv.slice(2);
const warnings = [];
const client = createAdminApiClient({
  storeDomain: shop,
  apiVersion: "2026-07",
  accessToken: token,
  // The client always builds https://<shop>/...; send those requests to the sandbox instead.
  customFetchApi: (url, init) => fetch(url.replace(`https://${shop}`, base), init),
  logger: (entry) => warnings.push(entry.type),
});

const shopReply = await client.request("query { shop { name myshopifyDomain currencyCode } }");
const created = await client.request(
  `mutation Create($product: ProductCreateInput!) {
     productCreate(product: $product) { product { id handle title } userErrors { field message } }
   }`,
  { variables: { product: { title: "Official client tee" } } },
);
const invalid = await client.request("query { shop { noSuchField } }");
const badToken = await createAdminApiClient({
  storeDomain: shop,
  apiVersion: "2026-07",
  accessToken: "shpat_wrong",
  customFetchApi: (url, init) => fetch(url.replace(`https://${shop}`, base), init),
}).request("query { shop { name } }");

console.log(
  JSON.stringify({
    shop: shopReply.data?.shop,
    cost: shopReply.extensions?.cost,
    created: created.data?.productCreate,
    invalid: invalid.errors?.graphQLErrors,
    badToken: { message: badToken.errors?.message, status: badToken.errors?.networkStatusCode },
    warnings,
  }),
);
