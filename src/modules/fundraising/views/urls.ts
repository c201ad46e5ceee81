export const givingUrl = (org: string) => `/o/${org}/give`;
export const campaignUrl = (org: string, campaign: string) => `/o/${org}/give/${campaign}`;
export const giftPageUrl = (org: string, campaign: string, gift: string, token: string) => `/o/${org}/give/${campaign}/gifts/${gift}?t=${encodeURIComponent(token)}`;
export const testCheckoutUrl = (org: string, campaign: string, gift: string, token: string) => `/o/${org}/give/${campaign}/gifts/${gift}/test-checkout?t=${encodeURIComponent(token)}`;
export const deskUrl = (org: string) => `/o/${org}/fundraising`;
export const newCampaignUrl = (org: string) => `/o/${org}/fundraising/campaigns/new`;
export const editCampaignUrl = (org: string, campaign: string) => `/o/${org}/fundraising/campaigns/${campaign}/edit`;
export const unsubscribeUrl = (token: string) => `/fundraising/unsubscribe?token=${encodeURIComponent(token)}`;
