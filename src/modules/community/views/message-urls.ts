export const messagesUrl = (org: string) => `/o/${org}/messages`;
export const conversationUrl = (org: string, id: string) => `${messagesUrl(org)}/${id}`;
export const messageWithUrl = (org: string, accountId: string) => `${messagesUrl(org)}/with/${accountId}`;
export const blocksUrl = (org: string) => `/o/${org}/blocks`;
export const blockUrl = (org: string, accountId: string) => `/o/${org}/people/${accountId}/block`;
export const communitySettingsUrl = (org: string) => `/o/${org}/community/settings`;
