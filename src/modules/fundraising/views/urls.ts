export const givingUrl = (org: string) => `/o/${org}/give`;
export const campaignUrl = (org: string, campaign: string) => `/o/${org}/give/${campaign}`;
export const giftPageUrl = (org: string, campaign: string, gift: string, token: string) => `/o/${org}/give/${campaign}/gifts/${gift}?t=${encodeURIComponent(token)}`;
export const testCheckoutUrl = (org: string, campaign: string, gift: string, token: string) => `/o/${org}/give/${campaign}/gifts/${gift}/test-checkout?t=${encodeURIComponent(token)}`;
export const deskUrl = (org: string) => `/o/${org}/fundraising`;
export const newCampaignUrl = (org: string) => `/o/${org}/fundraising/campaigns/new`;
export const editCampaignUrl = (org: string, campaign: string) => `/o/${org}/fundraising/campaigns/${campaign}/edit`;
export const unsubscribeUrl = (token: string) => `/fundraising/unsubscribe?token=${encodeURIComponent(token)}`;
export const patientOptOutUrl = (token: string) => `/fundraising/patients/opt-out?token=${encodeURIComponent(token)}`;
export const patientTransferUrl = (hospital: string) => `/o/${hospital}/grateful-patients/new`;
export const patientPhoneOptOutUrl = (org: string) => `/o/${org}/grateful-patients/opt-outs/new`;
export const patientListUrl = (foundation: string) => `/o/${foundation}/fundraising/grateful-patients`;
export const monthlyThanksUrl = (org: string, campaign: string, monthly: string, token: string) => `/o/${org}/give/${campaign}/monthly/${monthly}?t=${encodeURIComponent(token)}`;
export const monthlyTestCheckoutUrl = (org: string, campaign: string, monthly: string, token: string) => `/o/${org}/give/${campaign}/monthly/${monthly}/test-checkout?t=${encodeURIComponent(token)}`;
export const myMonthlyUrl = '/account/giving/monthly';
export const manageMonthlyUrl = (monthly: string) => `/account/giving/monthly/${monthly}`;
/** A guest's monthly gift, by the signed (expiring) link of their e-mail. */
export const guestManageMonthlyUrl = (token: string) => `/fundraising/monthly/manage/${encodeURIComponent(token)}`;
export const staffMonthlyUrl = (org: string) => `/o/${org}/fundraising/monthly`;
/** The form a guest asks for a new manage link with (`manage` is a reserved campaign slug). */
export const newManageLinkUrl = (org: string) => `/o/${org}/give/manage/monthly`;
