// The live "now" tile of the customer's page: the content is owned by the live-updates change.
