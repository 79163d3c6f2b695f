//! Reference data: Linfen's 17 counties and the provincial-level regions that receive workers,
//! by GB/T 2260 code. Shanxi itself (14) is listed so a placement can be tested for 跨省.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
    Name,
    SortOrder,
}

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
    Name,
    ShortName,
    SortOrder,
}

/// Linfen's counties, districts and county-level cities in the city's official order.
const COUNTIES: [(&str, &str); 17] = [
    ("141002", "尧都区"),
    ("141021", "曲沃县"),
    ("141022", "翼城县"),
    ("141023", "襄汾县"),
    ("141024", "洪洞县"),
    ("141025", "古县"),
    ("141026", "安泽县"),
    ("141027", "浮山县"),
    ("141028", "吉县"),
    ("141029", "乡宁县"),
    ("141030", "大宁县"),
    ("141031", "隰县"),
    ("141032", "永和县"),
    ("141033", "蒲县"),
    ("141034", "汾西县"),
    ("141081", "侯马市"),
    ("141082", "霍州市"),
];

/// The 31 provincial-level divisions of the mainland; workers may be sent to any of them.
const REGIONS: [(&str, &str, &str); 31] = [
    ("110000", "北京市", "北京"),
    ("120000", "天津市", "天津"),
    ("130000", "河北省", "河北"),
    ("140000", "山西省", "山西"),
    ("150000", "内蒙古自治区", "内蒙古"),
    ("210000", "辽宁省", "辽宁"),
    ("220000", "吉林省", "吉林"),
    ("230000", "黑龙江省", "黑龙江"),
    ("310000", "上海市", "上海"),
    ("320000", "江苏省", "江苏"),
    ("330000", "浙江省", "浙江"),
    ("340000", "安徽省", "安徽"),
    ("350000", "福建省", "福建"),
    ("360000", "江西省", "江西"),
    ("370000", "山东省", "山东"),
    ("410000", "河南省", "河南"),
    ("420000", "湖北省", "湖北"),
    ("430000", "湖南省", "湖南"),
    ("440000", "广东省", "广东"),
    ("450000", "广西壮族自治区", "广西"),
    ("460000", "海南省", "海南"),
    ("500000", "重庆市", "重庆"),
    ("510000", "四川省", "四川"),
    ("520000", "贵州省", "贵州"),
    ("530000", "云南省", "云南"),
    ("540000", "西藏自治区", "西藏"),
    ("610000", "陕西省", "陕西"),
    ("620000", "甘肃省", "甘肃"),
    ("630000", "青海省", "青海"),
    ("640000", "宁夏回族自治区", "宁夏"),
    ("650000", "新疆维吾尔自治区", "新疆"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(County::Table)
                    .col(string_len(County::Code, 6).primary_key())
                    .col(string_len_uniq(County::Name, 32))
                    .col(integer(County::SortOrder))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Region::Table)
                    .col(string_len(Region::Code, 6).primary_key())
                    .col(string_len_uniq(Region::Name, 32))
                    .col(string_len_uniq(Region::ShortName, 16))
                    .col(integer(Region::SortOrder))
                    .to_owned(),
            )
            .await?;

        let mut counties = Query::insert()
            .into_table(County::Table)
            .columns([County::Code, County::Name, County::SortOrder])
            .to_owned();
        for (order, (code, name)) in (1_i32..).zip(COUNTIES) {
            counties.values_panic([code.into(), name.into(), order.into()]);
        }
        manager.exec_stmt(counties).await?;

        let mut regions = Query::insert()
            .into_table(Region::Table)
            .columns([
                Region::Code,
                Region::Name,
                Region::ShortName,
                Region::SortOrder,
            ])
            .to_owned();
        for (order, (code, name, short)) in (1_i32..).zip(REGIONS) {
            regions.values_panic([code.into(), name.into(), short.into(), order.into()]);
        }
        manager.exec_stmt(regions).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Region::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(County::Table).to_owned())
            .await
    }
}
