export const programUrl = (org: string) => `/o/${org}/text-giving`;
export const connectNumberUrl = (org: string) => `/o/${org}/text-giving/numbers`;
export const numberUrl = (org: string, numberId: string) => `/o/${org}/text-giving/numbers/${numberId}`;
export const keywordsUrl = (org: string, numberId: string) => `/o/${org}/text-giving/numbers/${numberId}/keywords`;
export const removeKeywordUrl = (org: string, numberId: string, keywordId: string) => `/o/${org}/text-giving/numbers/${numberId}/keywords/${keywordId}/remove`;
/** A campaign's public live totals (Server-Sent Events), which its fundraising page listens to. */
export const liveTotalsUrl = (org: string, campaignId: string) => `/o/${org}/text-giving/live/${campaignId}`;
export const pledgesUrl = (org: string, numberId: string) => `/o/${org}/text-giving/numbers/${numberId}/pledges`;
export const pledgeDonorUrl = (org: string, numberId: string, pledgeId: string) => `/o/${org}/text-giving/numbers/${numberId}/pledges/${pledgeId}/donor`;
