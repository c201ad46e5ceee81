export const groupsUrl = (org: string) => `/o/${org}/groups`;
export const groupUrl = (org: string, group: string) => `/o/${org}/groups/${group}`;
export const postUrl = (org: string, group: string, post: string) => `${groupUrl(org, group)}/posts/${post}`;
export const moderationUrl = (org: string, group: string) => `${groupUrl(org, group)}/moderation`;
