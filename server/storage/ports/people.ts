/** People, their roles, groups and API keys. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PeopleStorePort {}
