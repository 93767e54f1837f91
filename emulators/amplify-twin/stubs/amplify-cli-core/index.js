'use strict';
// The AppSync simulator imports this only for its OpenSearch data source, which the twin never configures.
class AmplifyFault extends Error {
  constructor(name, details) {
    super(`${name}: ${details && details.message ? details.message : 'unsupported in the Amplify twin'}`);
    this.name = name;
  }
}
module.exports = {
  AmplifyFault,
  AMPLIFY_SUPPORT_DOCS: { CLI_GRAPHQL_TROUBLESHOOTING: { url: 'https://docs.amplify.aws/' } },
};
