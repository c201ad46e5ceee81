export const registerUrl = (org: string) => `/o/${org}/receipts`;
export const registerCsvUrl = (org: string) => `/o/${org}/receipts/register.csv`;
export const settingsUrl = (org: string) => `/o/${org}/receipts/settings`;
export const signingUrl = (org: string) => `/o/${org}/receipts/signing`;
export const receiptUrl = (org: string, id: string) => `/o/${org}/receipts/${id}`;
export const receiptPdfUrl = (org: string, id: string) => `/o/${org}/receipts/${id}/pdf`;
export const myReceiptsUrl = () => '/account/receipts';
