// The API reference at /docs: Swagger UI over /openapi.json, from a file so that the page keeps
// the strict Content-Security-Policy (no inline script).  validatorUrl: null, or Swagger UI asks
// validator.swagger.io for a badge: nothing here may leave the machine.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
});
